{% macro is_active_on(interval_relation, day) -%}
    {{ interval_relation }}.active_from <= {{ day }} and {{ interval_relation }}.active_to >= {{ day }}
{%- endmacro %}
