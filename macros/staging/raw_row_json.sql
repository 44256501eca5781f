{#- `restored`: the relation is a parsed model's, whose `<column>_raw` keeps
    only the raw text that its canonical text cannot restore (raw_columns_select). -#}
{% macro raw_row_json(columns, suffix='', relation=none, restored=false) %}
    {{ return(adapter.dispatch('raw_row_json', 'loyalty')(columns, suffix, relation, restored)) }}
{% endmacro %}

{% macro raw_row_value(column, suffix, relation, restored) -%}
    {%- if restored -%}
        {{ loyalty.restored_raw_text(column, relation) }}
    {%- else -%}
        {{ (relation ~ '.' if relation else '') ~ column.name ~ suffix }}
    {%- endif -%}
{%- endmacro %}

{% macro default__raw_row_json(columns, suffix='', relation=none, restored=false) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set value = "cast(" ~ loyalty.raw_row_value(column, suffix, relation, restored) ~ " as " ~ dbt.type_string() ~ ")" -%}
        {%- set escaped = "replace(replace(replace(replace(replace(" ~ value
            ~ ", '\\', '\\\\'), '\"', '\\\"'), chr(10), '\\n'), chr(13), '\\r'), chr(9), '\\t')" -%}
        {%- do parts.append("'" ~ ('{' if loop.first else ',') ~ '"' ~ column.name ~ '":'
            ~ "' || coalesce('\"' || " ~ escaped ~ " || '\"', 'null')") -%}
    {%- endfor -%}
    {{ parts | join(' || ') }} || '}'
{%- endmacro %}

{#- DuckDB: to_json of a struct, 4x faster than the replace chain. -#}
{% macro duckdb__raw_row_json(columns, suffix='', relation=none, restored=false) -%}
    cast(to_json({
    {%- for column in columns -%}
        '{{ column.name }}': cast({{ loyalty.raw_row_value(column, suffix, relation, restored) }} as varchar){{ ', ' if not loop.last }}
    {%- endfor -%}
    }) as varchar)
{%- endmacro %}

{#- Spark: to_json of a named_struct; null fields kept (they are dropped by
    default), and no backslash literals, which Spark SQL treats as escapes. -#}
{% macro spark__raw_row_json(columns, suffix='', relation=none, restored=false) -%}
    to_json(named_struct(
    {%- for column in columns -%}
        '{{ column.name }}', cast({{ loyalty.raw_row_value(column, suffix, relation, restored) }} as string){{ ', ' if not loop.last }}
    {%- endfor -%}
    ), map('ignoreNullFields', 'false'))
{%- endmacro %}


{#- `<column>_raw,` for each column of a spec: the raw text a parsed model
    keeps so that its base model can write the raw row of any row a later
    check rejects. Only the text that the parsed value cannot give back is
    kept: null where the raw text is exactly the value's canonical text
    (canonical_raw_text), which restored_raw_text puts back. A clean export's
    rows keep nothing, and every row's raw text is restored exactly. -#}
{% macro raw_columns_select(columns, relation) -%}
    {%- for column in columns -%}
        case
            when {{ loyalty.raw_text(column, relation) }} = {{ loyalty.canonical_raw_text(column, relation) }} then null
            else {{ relation }}.{{ column.name }}_raw
        end as {{ column.name }}_raw,
        {% endfor -%}
{%- endmacro %}

{#- A column's raw text, from a parsed model's row (raw_columns_select). -#}
{% macro restored_raw_text(column, relation) -%}
    coalesce({{ loyalty.raw_text(column, relation) }}, {{ loyalty.canonical_raw_text(column, relation) }})
{%- endmacro %}

{#- `<column>_raw` as text: a typed column of a user's own table or Parquet
    file (a number, a date) is compared and restored as the text raw_row_json
    writes for it, never by its value (6.5 is not the text 6.50). -#}
{% macro raw_text(column, relation) -%}
    cast({{ relation }}.{{ column.name }}_raw as {{ dbt.type_string() | lower }})
{%- endmacro %}

{#- The text a parsed value most often arrives as: a text or enum value as
    it is, a number cast to text, a timestamp as ISO 8601 in UTC
    (2025-01-31T09:30:00Z). Any raw text that differs is kept as it came. -#}
{% macro canonical_raw_text(column, relation) -%}
    {%- set value = relation ~ '.' ~ column.name -%}
    {%- if column.type in ('text', 'enum') -%}
        {{ value }}
    {%- elif column.type == 'timestamp' -%}
        replace(cast({{ value }} as {{ dbt.type_string() | lower }}), ' ', 'T') || 'Z'
    {%- else -%}
        cast({{ value }} as {{ dbt.type_string() | lower }})
    {%- endif -%}
{%- endmacro %}
