"""JSON Schemas generated from msgspec Structs: the contract the SPA's types come from."""
