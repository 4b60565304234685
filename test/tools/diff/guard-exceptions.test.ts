import { DOCUMENTED_GUARD_EXCEPTIONS, documentedExceptionFor } from '../../../tools/diff/guard-exceptions';
import { CONTROL_TOWER_EXCEPTIONS } from '../../guard/control-tower-exceptions';

test('the diff treats as documented exactly the Control Tower exceptions the guard test accepts', () => {
  const pairs = (list: ReadonlyArray<{ rule: string; control: string }>) => list.map((e) => `${e.control} ${e.rule}`).sort();
  expect(pairs(DOCUMENTED_GUARD_EXCEPTIONS)).toEqual(pairs(CONTROL_TOWER_EXCEPTIONS));
});

test('a guard finding is matched to its exception by control and rule name', () => {
  expect(documentedExceptionFor('CT.LAMBDA.PR.3 (lambda_inside_vpc_check)')?.control).toBe('CT.LAMBDA.PR.3');
  expect(documentedExceptionFor('CT.KMS.PR.1 (kms_key_rotation_enabled_check)')).toBeUndefined();
});
