import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020";

/** Job forms are JSON Schema 2020-12 (docs/jobs-api.md), like the journey inspector's. */
export const jobFormValidator = customizeValidator({ AjvClass: Ajv2020 as never });
