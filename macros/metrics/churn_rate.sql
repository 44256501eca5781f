{#- Churn rate of docs/metrics.md section 4: churned / customers at start
    (= 1 - retention rate); null when there was nobody at the start. -#}
{% macro churn_rate(churned, customers_at_start) -%}
    {{ loyalty.safe_divide(churned, customers_at_start) }}
{%- endmacro %}
