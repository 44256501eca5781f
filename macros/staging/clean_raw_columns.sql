{% macro clean_raw_columns(columns) -%}
    {%- for column in columns %}
        {{ column.name }} as {{ column.name }}_raw,
        {{ loyalty.clean_text(column.name) }} as {{ column.name }}_text{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
