{% macro clean_raw_columns(columns) -%}
        coalesce(_loyalty_malformed, false) as is_malformed_row,
    {%- for column in columns %}
        {{ column.name }} as {{ column.name }}_raw,
        {{ loyalty.clean_text(column.name) }} as {{ column.name }}_text{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
