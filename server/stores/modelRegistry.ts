import type { Pool } from 'pg';
import { ApiError } from '../http/apiError';

/** Embedding models and their dimensions: one model always produces vectors of one size. */
export class ModelRegistry {
  private readonly known = new Map<string, number>();

  constructor(private readonly pool: Pool) {}

  async dimension(model: string): Promise<number | null> {
    const cached = this.known.get(model);
    if (cached !== undefined) return cached;
    const { rows } = await this.pool.query<{ dimension: number }>('SELECT dimension FROM embedding_models WHERE model = $1', [model]);
    if (rows[0]) this.known.set(model, rows[0].dimension);
    return rows[0]?.dimension ?? null;
  }

  /** Records the model's dimension on first use; afterwards vectors of another size are refused. */
  async ensure(model: string, dimension: number): Promise<void> {
    await this.pool.query('INSERT INTO embedding_models (model, dimension) VALUES ($1, $2) ON CONFLICT (model) DO NOTHING', [model, dimension]);
    const stored = await this.dimension(model);
    if (stored !== dimension) {
      throw new ApiError(400, 'DIMENSION_MISMATCH', `Model "${model}" produces ${stored}-dimensional vectors here, but these have ${dimension}; check the model id`);
    }
  }
}
