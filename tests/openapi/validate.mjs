// Usage: node validate.mjs <openapi.json>. Exit 0 when valid against the OpenAPI 3.1 schema.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";

const validator = new Validator();
const result = await validator.validate(JSON.parse(readFileSync(process.argv[2], "utf8")));
if (!result.valid) {
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
if (validator.version !== "3.1") {
  console.error(`expected OpenAPI 3.1, got ${validator.version}`);
  process.exit(1);
}
console.log("valid OpenAPI", validator.version);
