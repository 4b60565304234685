import { documentedExceptionFor } from '../../../tools/diff/guard-exceptions';

test('a guard finding is matched to its documented exception by control and rule name', () => {
  expect(documentedExceptionFor('CT.LAMBDA.PR.3 (lambda_inside_vpc_check)')?.note).toMatch(
    /network\.functionPlacement: 'isolated-subnets'/,
  );
  expect(documentedExceptionFor('lambda_inside_vpc_check')?.control).toBe('CT.LAMBDA.PR.3');
  expect(documentedExceptionFor('CT.KMS.PR.1 (kms_key_rotation_enabled_check)')).toBeUndefined();
});
