{#- Position of a raw row in its source, 1-based, where the source has an
    order (a file); null for warehouse tables, which have none. Duplicate keys
    keep the first row in this order (metric-spec 2, check 5). -#}
{% macro source_row_number() %}
    {{ return(adapter.dispatch('source_row_number', 'loyalty')()) }}
{% endmacro %}

{% macro default__source_row_number() -%}
    cast(null as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro duckdb__source_row_number() -%}
    {%- if var('raw_schema') is not none -%}
        cast(null as bigint)
    {%- else -%}
        {#- read_csv and read_parquet keep file order in a plain scan
            (preserve_insertion_order, DuckDB's default). -#}
        row_number() over ()
    {%- endif -%}
{%- endmacro %}
