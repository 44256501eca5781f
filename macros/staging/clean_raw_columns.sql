{% macro clean_raw_columns(columns, relation) -%}
        coalesce({{ relation }}._loyalty_malformed, false) as is_malformed_row,
    {%- for column in columns %}
        {{ relation }}.{{ column.name }} as {{ column.name }}_raw,
        {{ loyalty.clean_text(relation ~ '.' ~ column.name) }} as {{ column.name }}_text{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
