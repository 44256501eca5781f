{#- A date before 1900-01-01 is a placeholder (0001-01-01, 1800-01-01), not
    an event: the last branches of check 2. -#}
{% macro date_floor_checks(columns, relation) -%}
    {%- for column in columns if column.type == 'timestamp' %}
            when {{ loyalty.local_date(relation ~ '.' ~ column.name) }} < cast('1900-01-01' as date) then 'out_of_domain: {{ column.name }}'
    {%- endfor %}
{%- endmacro %}
