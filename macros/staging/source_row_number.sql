{#- Files read in place (DuckDB) always carry `_loyalty_row_number` (see
    raw_source); warehouse tables carry it when scripts/load_raw.py wrote
    them. A table without it gets a row order from its raw text, so check 5
    still keeps exactly one row per key, the same on every run. -#}
{% macro source_row_number(source_name, columns, relation) %}
    {%- set ns = namespace(found=false) -%}
    {%- if var('raw_schema') is none and target.type == 'duckdb' -%}
        {%- set ns.found = true -%}
    {%- elif execute and load_relation(source('loyalty', source_name)) is not none -%}
        {%- for column in adapter.get_columns_in_relation(source('loyalty', source_name)) -%}
            {%- if column.name | lower == '_loyalty_row_number' -%}
                {%- set ns.found = true -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if ns.found -%}
        cast({{ relation }}._loyalty_row_number as {{ dbt.type_bigint() }})
    {%- else -%}
        row_number() over (order by {{ loyalty.binary_order(loyalty.raw_row_json(columns, '', relation)) }})
    {%- endif -%}
{% endmacro %}
