// The light build of Bottleneck (no Redis clustering), the one
// @octokit/plugin-throttling itself uses; same API as the full build.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
