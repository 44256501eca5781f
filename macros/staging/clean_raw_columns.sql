{#- Select list: every column of a staging column spec as cleaned text
    (`<name>_text`, see clean_text). A column spec is a list of
    {name, type, nullable} with type one of text, enum, timestamp, money,
    integer. -#}
{% macro clean_raw_columns(columns) -%}
    {%- for column in columns %}
        {{ loyalty.clean_text(column.name) }} as {{ column.name }}_text{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
