/** `npm run gallery [-- --docs]`: see gallery.ts. */
import { writeGallery } from './gallery.js';

await writeGallery({ docs: process.argv.includes('--docs') });
