import { environmentNames } from '../../config';
import { committedEnvironmentTemplate } from '../helpers/committed-environment-templates';

// One whole-stack snapshot per environment. Asset hashes are scrubbed by the snapshot serializer
// (test/helpers/asset-hash-serializer.ts), so a snapshot changes only when infrastructure does.
describe.each(environmentNames())('%s stack', (name) => {
  test('matches the snapshot', () => {
    const template = committedEnvironmentTemplate(name);
    expect(template.toJSON()).toMatchSnapshot();
  });
});
