"""warledger: a sourced, structured, queryable record of reporting on armed conflict."""
