{#- The relation a staging model reads its raw rows from.

    - `raw_schema` var set: the warehouse table source('loyalty', source_name).
    - otherwise, on DuckDB: the file `<raw_dir>/<source_name>.parquet`, or
      `.csv` / `.csv.gz`, read in place (every CSV column as text, so that
      staging parses and rejects bad values itself instead of the reader
      failing the build; a short line is padded with nulls, values beyond
      the header are ignored, blank lines are skipped). DuckDB pads short
      lines only with its single-threaded CSV scanner when a quoted value
      spans lines, hence `parallel = false`; Parquet stays parallel, so large
      exports should come as Parquet.
    `columns` is the staging model's column spec; a file lacking one of them
    stops the build with a message naming the file and the columns, except a
    column marked `optional_column` (points_ledger.partner), which reads as
    null when absent. An `optional` source (docs/metrics.md section 1: "may
    be empty" or "may be absent") with no file or table reads as empty. -#}
{% macro raw_source(source_name, columns, optional=false) %}
    {{ return(adapter.dispatch('raw_source', 'loyalty')(source_name, columns, optional)) }}
{% endmacro %}

{% macro default__raw_source(source_name, columns, optional=false) %}
    {%- set relation = source('loyalty', source_name) -%}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if existing is none and optional -%}
        {{ return(loyalty.empty_raw_relation(columns)) }}
    {%- endif -%}
    {%- set absent = loyalty.absent_optional_columns(
        columns, adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list) -%}
    {%- if absent -%}
        {{ return("(select *" ~ loyalty.null_columns(absent) ~ " from " ~ relation ~ ")") }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}

{#- An empty relation with the text columns of a column spec. -#}
{% macro empty_raw_relation(columns) -%}
    (select
        cast(null as {{ dbt.type_bigint() }}) as _loyalty_row_number,
    {%- for column in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column.name }},
    {%- endfor %}
        1 as empty_source
    where 1 = 0)
{%- endmacro %}

{#- The optional columns of a column spec missing from `present`. -#}
{% macro absent_optional_columns(columns, present) %}
    {%- set absent = [] -%}
    {%- for column in columns if column.get('optional_column', false) and column.name not in present -%}
        {%- do absent.append(column.name) -%}
    {%- endfor -%}
    {{ return(absent) }}
{% endmacro %}

{#- `, cast(null as text) as <name>` for each name. -#}
{% macro null_columns(names) -%}
    {%- for name in names -%}, cast(null as {{ dbt.type_string() }}) as {{ name }}{%- endfor -%}
{%- endmacro %}

{% macro duckdb__raw_source(source_name, columns, optional=false) %}
    {%- set relation = source('loyalty', source_name) -%}
    {%- if var('raw_schema') is not none or not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set raw_dir = (var('raw_dir') | string).rstrip('/') | replace("'", "''") -%}
    {%- set found = run_query(
        "select file from glob('" ~ raw_dir ~ "/" ~ source_name ~ ".*') order by file"
    ).columns[0].values() -%}
    {%- set ns = namespace(reader=none, row_number=none) -%}
    {%- for suffix in ['.parquet', '.csv', '.csv.gz'] -%}
        {%- for file in found -%}
            {%- if ns.reader is none and file.endswith('/' ~ source_name ~ suffix) -%}
                {%- set path = file | replace("'", "''") -%}
                {%- if suffix == '.parquet' -%}
                    {%- set ns.reader = "read_parquet('" ~ path ~ "', file_row_number = true)" -%}
                    {%- set ns.row_number = "file_row_number + 1 as _loyalty_row_number, * exclude (file_row_number)" -%}
                {%- else -%}
                    {%- set ns.reader = "read_csv('" ~ path ~ "', header = true, all_varchar = true, "
                        ~ "delim = ',', quote = '\"', escape = '\"', null_padding = true, parallel = false)" -%}
                    {%- set ns.row_number = "row_number() over () as _loyalty_row_number, *" -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set empty_relation = loyalty.empty_raw_relation(columns) -%}
    {%- if ns.reader is none -%}
        {%- if optional -%}
            {{ return(empty_relation) }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            "No raw file for source '" ~ source_name ~ "' in raw_dir '" ~ var('raw_dir')
            ~ "': expected " ~ source_name ~ ".csv or " ~ source_name ~ ".parquet.") }}
    {%- endif -%}
    {%- set present = run_query("describe select * from " ~ ns.reader).columns[0].values() | map('lower') | list -%}
    {%- set absent = loyalty.absent_optional_columns(columns, present) -%}
    {%- set missing = [] -%}
    {%- for column in columns if column.name not in present and column.name not in absent -%}
        {%- do missing.append(column.name) -%}
    {%- endfor -%}
    {%- if missing and optional and present == ['column0'] -%}
        {{ return(empty_relation) }}
    {%- endif -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Raw file for source '" ~ source_name ~ "' in '" ~ var('raw_dir')
            ~ "' lacks required column(s): " ~ (missing | join(', '))
            ~ ". Found: " ~ (present | join(', ')) ~ ".") }}
    {%- endif -%}
    {{ return("(select " ~ ns.row_number ~ loyalty.null_columns(absent) ~ " from " ~ ns.reader ~ ")") }}
{% endmacro %}
