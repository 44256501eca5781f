{#- Position of a raw row in its source, 1-based, where the source has an
    order; null where it has none. Duplicate keys keep the first row in this
    order (metric-spec 2, check 5).

    - Files read in place (DuckDB): the row's position in the file.
    - Warehouse tables (`raw_schema` var, every adapter): the column
      `_loyalty_row_number` when the table has one (scripts/load_raw.py
      writes it), else null: staging then breaks ties on the raw row text. -#}
{% macro source_row_number(source_name) %}
    {%- if var('raw_schema') is not none or target.type != 'duckdb' -%}
        {%- set ns = namespace(found=false) -%}
        {%- if execute -%}
            {%- for column in adapter.get_columns_in_relation(source('loyalty', source_name)) -%}
                {%- if column.name | lower == '_loyalty_row_number' -%}
                    {%- set ns.found = true -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {%- if ns.found -%}
            cast(_loyalty_row_number as {{ dbt.type_bigint() }})
        {%- else -%}
            cast(null as {{ dbt.type_bigint() }})
        {%- endif -%}
    {%- else -%}
        {{ return(adapter.dispatch('source_row_number', 'loyalty')()) }}
    {%- endif -%}
{% endmacro %}

{% macro default__source_row_number() -%}
    cast(null as {{ dbt.type_bigint() }})
{%- endmacro %}

{#- read_csv and read_parquet keep file order in a plain scan
    (preserve_insertion_order, DuckDB's default). -#}
{% macro duckdb__source_row_number() -%}
    row_number() over ()
{%- endmacro %}
