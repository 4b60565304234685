import { Template } from 'aws-cdk-lib/assertions';
import { environmentNames, loadConfig } from '../../config';
import { buildStack } from '../helpers/synth';

// One whole-stack snapshot per environment. Asset hashes are scrubbed by the snapshot serializer
// (test/helpers/asset-hash-serializer.ts), so a snapshot changes only when infrastructure does.
describe.each(environmentNames())('%s stack', (name) => {
  test('matches the snapshot', () => {
    const template = Template.fromStack(buildStack(loadConfig(name)));
    expect(template.toJSON()).toMatchSnapshot();
  });
});
