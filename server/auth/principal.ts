/** Who is calling: a user, through a login token or one of their API keys. */
export interface Principal {
  userId: string;
  email: string;
  isAdmin: boolean;
  createdAt: Date;
  via: 'token' | 'api-key';
  apiKeyId: string | null;
}
