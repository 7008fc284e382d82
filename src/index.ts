// Action entry (dist/index.js): only runs the action.
import { run } from './main.ts'

await run()
