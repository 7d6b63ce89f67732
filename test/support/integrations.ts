import { IsOptional, IsString, IsUrl } from 'class-validator';
import { inject, injectable } from 'tsyringe';
import {
  CreateCredentials, DeleteCredentials, Grant, Integration, ListResources, ResetCredentials, Revoke, Tokens,
} from 'apono-lambda-kit';
import type { CredentialsRequest, GrantRequest, ListResourcesRequest, Logger, RevokeRequest } from 'apono-lambda-kit';

/** Custom parameters of the test integrations: a URL, and a secret-named value. */
export class PortalParams {
  @IsUrl({ require_tld: false })
  base_url!: string;

  @IsOptional()
  @IsString()
  api_token?: string;
}

/** A directory the integration talks to: replaced by fakes in tests. */
export class Directory {
  async addMember(_username: string, _resources: string[], _permission: string): Promise<string[]> {
    throw new Error('Directory is not configured in this test');
  }
  async removeMembers(_ids: string[]): Promise<void> {
    throw new Error('Directory is not configured in this test');
  }
  async issueToken(_username: string): Promise<string> {
    throw new Error('Directory is not configured in this test');
  }
}

/** An in-memory Directory that records calls. */
export class FakeDirectory extends Directory {
  readonly calls: string[] = [];
  private next = 0;
  override async addMember(username: string, resources: string[], permission: string) {
    this.calls.push(`add ${username} ${resources.join(',')} ${permission}`);
    return resources.map(() => `m-${++this.next}`);
  }
  override async removeMembers(ids: string[]) {
    this.calls.push(`remove ${ids.join(',')}`);
  }
  override async issueToken(username: string) {
    this.calls.push(`token ${username}`);
    return `tok-${username}-${++this.next}`;
  }
}

/** A complete integration with typed custom parameters and an injected Directory. */
@injectable()
export class DirectoryIntegration extends Integration<PortalParams> {
  static override readonly customParameters = PortalParams;

  constructor(
    @inject(Directory) private readonly directory: Directory,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {
    super();
  }

  @ListResources()
  async list(req: ListResourcesRequest<PortalParams>) {
    return { resources: [{ id: 'proj-1', name: `Project at ${new URL(req.customParameters.base_url).host}` }], permissions: [{ id: 'reader', name: 'Reader' }] };
  }

  @Grant()
  async grant(req: GrantRequest<PortalParams>) {
    this.logger.info('granting', { custom_parameters: req.customParameters });
    return { data: { membershipIds: await this.directory.addMember(req.username, req.resources, req.permission) } };
  }

  @Revoke()
  async revoke(req: RevokeRequest<PortalParams, { membershipIds: string[] }>) {
    await this.directory.removeMembers(req.grant?.data?.membershipIds ?? []);
  }

  @CreateCredentials()
  async create(req: CredentialsRequest<PortalParams>) {
    return { secret: await this.directory.issueToken(req.username) };
  }

  @ResetCredentials()
  async reset(req: CredentialsRequest<PortalParams>) {
    return { secret: await this.directory.issueToken(req.username) };
  }

  @DeleteCredentials()
  async remove(_req: CredentialsRequest<PortalParams>) {}
}

/** Valid custom parameters for DirectoryIntegration. */
export const VALID_CUSTOM_PARAMETERS = { base_url: 'http://portal.internal:8080' };
