/**
 * Setup of this package's second test project (see the root vitest.config.ts): every test runs
 * on the contract-checking wrapper of the TypeScript backend, whose handles are not arrays.
 */
import { checkedBackend, cpuBackend, setBackend } from '@descent/core';

setBackend(checkedBackend(cpuBackend));
