{% macro rejection_reason(check_reason, row_number, first_row_number, key_name) -%}
    coalesce(
        {{ check_reason }},
        case when {{ row_number }} > {{ first_row_number }} then 'duplicate_key: {{ key_name }}' end
    )
{%- endmacro %}
