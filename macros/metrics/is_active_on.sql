{#- Join condition: an activity interval (active_from .. active_to, both
    inclusive) of int_customers_activity_intervals covers `day`. A customer is
    active on a day when one of their intervals covers it (docs/metrics.md section 3). -#}
{% macro is_active_on(interval_relation, day) -%}
    {{ interval_relation }}.active_from <= {{ day }} and {{ interval_relation }}.active_to >= {{ day }}
{%- endmacro %}
