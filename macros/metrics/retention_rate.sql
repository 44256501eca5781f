{#- Retention rate of docs/metrics.md section 4: retained / customers at start, which is
    (E - N) / S; null when there was nobody at the start. -#}
{% macro retention_rate(retained, customers_at_start) -%}
    {{ loyalty.safe_divide(retained, customers_at_start) }}
{%- endmacro %}
