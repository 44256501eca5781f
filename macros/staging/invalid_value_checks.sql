{#- `when ... then '<reason>'` branches of docs/metrics.md section 2, check 1:
    `malformed_row` when the row has more fields than the header, then in
    column order `missing_value: <column>` when a required column is null,
    `invalid_value: <column>` when a non-empty value does not parse as its
    type. Put them first in the rejection case expression. -#}
{% macro invalid_value_checks(columns, relation) %}
            when {{ relation }}.is_malformed_row then 'malformed_row'
    {%- for column in columns %}
        {%- if not column.get('nullable', false) %}
            when {{ relation }}.{{ column.name }}_text is null then 'missing_value: {{ column.name }}'
        {%- endif %}
        {%- if column.type in ('timestamp', 'money', 'integer') %}
            when {{ relation }}.{{ column.name }}_text is not null and {{ relation }}.{{ column.name }} is null then 'invalid_value: {{ column.name }}'
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
