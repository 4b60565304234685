import { INSTANCE_CLASSES, instanceClassSpec } from '../../config/instance-classes';

// Sizes a family does not have in Aurora must not pass validation, or they fail only at deploy
// (Aurora User Guide, "Supported DB engines for DB instance classes").
test.each([
  ['db.r6g.24xlarge', false],
  ['db.r7g.24xlarge', false],
  ['db.r6g.32xlarge', false],
  ['db.r5.32xlarge', false],
  ['db.r6i.48xlarge', false],
  ['db.r6g.16xlarge', true],
  ['db.r5.24xlarge', true],
  ['db.r6i.24xlarge', true],
  ['db.r8g.24xlarge', true],
])('%s is in the catalogue: %s', (name, known) => {
  expect(instanceClassSpec(name) !== undefined).toBe(known);
});

test('memory grows with vCPUs at 8 GiB each in every memory-optimised class', () => {
  for (const spec of INSTANCE_CLASSES.values()) {
    if (!spec.burstable) expect(spec.memoryGiB).toBe(spec.vcpus * 8);
  }
});
