import { z } from '@hono/zod-openapi';
import { MODEL_VERSION_STAGES, MODEL_VERSION_STATUSES, type ModelVersionStage, type ModelVersionStatus } from '@assay/core';
import { keyValue } from './mlflow-fields.js';

// The model registry's entities as MLflow's server returns them: versions as
// strings, timestamps as ms numbers, tags as [{key, value}], empty fields left out.

/** A version's stage, in MLflow's spelling. */
export const modelVersionStageJson = z.enum(MODEL_VERSION_STAGES as readonly [ModelVersionStage, ...ModelVersionStage[]]).openapi('ModelVersionStage');

/** A version's registration status. */
export const modelVersionStatusJson = z.enum(MODEL_VERSION_STATUSES as readonly [ModelVersionStatus, ...ModelVersionStatus[]]).openapi('ModelVersionStatus');

/** A model version (`mlflow.ModelVersion`). */
export const modelVersionJson = z
  .object({
    name: z.string(),
    version: z.string().openapi({ example: '3' }),
    creation_timestamp: z.number().int(),
    last_updated_timestamp: z.number().int(),
    current_stage: modelVersionStageJson,
    description: z.string().optional(),
    source: z.string(),
    run_id: z.string().optional(),
    run_link: z.string().optional(),
    status: modelVersionStatusJson,
    status_message: z.string().optional(),
    tags: z.array(keyValue).optional(),
    aliases: z.array(z.string()).optional(),
  })
  .openapi('ModelVersion');

/** An alias of a registered model and the version it points at. */
export const registeredModelAliasJson = z.object({ alias: z.string(), version: z.string() }).openapi('RegisteredModelAlias');

/** A registered model (`mlflow.RegisteredModel`). */
export const registeredModelJson = z
  .object({
    name: z.string(),
    creation_timestamp: z.number().int(),
    last_updated_timestamp: z.number().int(),
    description: z.string().optional(),
    latest_versions: z.array(modelVersionJson).optional(),
    tags: z.array(keyValue).optional(),
    aliases: z.array(registeredModelAliasJson).optional(),
    protected: z
      .boolean()
      .optional()
      .openapi({ description: 'Assay: true while its stage changes and alias moves need an approved transition request; left out when false (MLflow clients ignore it).' }),
  })
  .openapi('RegisteredModel');
