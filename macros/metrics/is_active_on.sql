{% macro is_active_on(interval_relation, day) -%}
    {{ day }} between {{ interval_relation }}.active_from and {{ interval_relation }}.active_to
{%- endmacro %}
