import { Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { ListResourcesRequest } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

class DatabaseParams {
  @IsString() host!: string;
  @IsInt() @Min(1) @Max(65535) port!: number;
  @IsOptional() @IsBoolean() tls?: boolean;
}

class DatabaseIntegration extends Integration<DatabaseParams> {
  static override readonly customParameters = DatabaseParams;
  static seen: DatabaseParams | undefined;
  @ListResources() list(req: ListResourcesRequest<DatabaseParams>) {
    DatabaseIntegration.seen = req.customParameters;
    return { resources: [], permissions: [] };
  }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

const listWith = (customParameters: Record<string, unknown>) => createTestHarness(DatabaseIntegration).listResources({ customParameters });

describe('custom parameters: Apono sends strings, methods get the declared types', () => {
  it('converts a numeric string to a number for a property with a number rule (@IsInt)', async () => {
    // Act
    await listWith({ host: 'db', port: '5432' });
    // Assess
    expect(DatabaseIntegration.seen?.port).toBe(5432);
  });

  it('converts "true" and "false" to booleans for a @IsBoolean property', async () => {
    // Act
    await listWith({ host: 'db', port: '5432', tls: 'false' });
    // Assess
    expect(DatabaseIntegration.seen?.tls).toBe(false);
  });

  it('names the rule declared first (the type) when the value is missing: required, an integer', async () => {
    // Act
    const result = listWith({ host: 'db' });
    // Assess
    await expect(result).rejects.toThrow('params.custom_parameters.port is required: must be an integer number');
  });

  it('names the type rule, not a range rule, for a value that is not a number ("abc")', async () => {
    // Act
    const result = listWith({ host: 'db', port: 'abc' });
    // Assess
    await expect(result).rejects.toThrow('params.custom_parameters.port must be an integer number');
  });

  it('names the range rule for a number out of range', async () => {
    // Act
    const result = listWith({ host: 'db', port: '70000' });
    // Assess
    await expect(result).rejects.toThrow('params.custom_parameters.port must not be greater than 65535');
  });

  it('leaves a string that is not a whole numeric literal as it is (" 12 px")', async () => {
    // Act
    const result = listWith({ host: 'db', port: '12px' });
    // Assess
    await expect(result).rejects.toThrow('params.custom_parameters.port must be an integer number');
  });
});
