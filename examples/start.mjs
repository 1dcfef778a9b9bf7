// Placeholder for `npm start`: replaced by a real example once @descent/core lands.
console.log('descent: examples coming');
