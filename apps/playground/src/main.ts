const app = document.querySelector<HTMLElement>('#app') ?? document.body;
const heading = document.createElement('h1');
heading.textContent = 'descent playground';
app.append(heading);
