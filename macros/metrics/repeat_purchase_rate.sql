{#- Aggregate: customers with >= 2 completed orders / customers with >= 1
    (docs/metrics.md section 6), over rows of one customer each; null without buyers. -#}
{% macro repeat_purchase_rate(order_count) -%}
    {{ loyalty.safe_divide(
        'count(case when ' ~ order_count ~ ' >= 2 then 1 end)',
        'count(case when ' ~ order_count ~ ' >= 1 then 1 end)') }}
{%- endmacro %}
