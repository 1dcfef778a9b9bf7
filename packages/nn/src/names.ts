/**
 * The name of a module's class for printing and error messages. A minifier renames classes (and
 * esbuild's bundles rename classes that refer to themselves, `Sequential` to `_Sequential`), so
 * descent's classes declare their name as a static `displayName`; a class that does not
 * declare one of its own (a user's subclass) is named by `constructor.name`.
 */
export function displayNameOf(instance: object, fallback = 'Module'): string {
  for (
    let ctor: unknown = instance.constructor;
    typeof ctor === 'function';
    ctor = Object.getPrototypeOf(ctor)
  ) {
    if (Object.hasOwn(ctor, 'displayName')) {
      const declared = (ctor as { displayName?: unknown }).displayName;
      if (typeof declared === 'string') return declared;
    }
    // An anonymous class takes the name of the nearest named class it extends.
    if (ctor.name !== '') return ctor.name;
  }
  return fallback;
}
