import type { IChangeEvent } from "@rjsf/core";
import Form from "@rjsf/mantine";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020";

// Job forms and our own schemas are JSON Schema 2020-12, as the inspector's.
const validator = customizeValidator({ AjvClass: Ajv2020 as never });

interface JsonFormProps {
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  data: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  /** Prefix of the field ids, unique per page. */
  idPrefix: string;
}

/** A JSON-Schema form (react-jsonschema-form, Mantine theme) without its own submit. */
export function JsonForm({ schema, uiSchema, data, onChange, idPrefix }: JsonFormProps) {
  return (
    <Form
      schema={schema as RJSFSchema}
      uiSchema={{ ...(uiSchema as UiSchema), "ui:submitButtonOptions": { norender: true } }}
      formData={data}
      validator={validator}
      idPrefix={idPrefix}
      noHtml5Validate
      showErrorList={false}
      liveValidate={false}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipDefaults" }}
      onChange={(event: IChangeEvent) =>
        onChange((event.formData ?? {}) as Record<string, unknown>)
      }
    />
  );
}
