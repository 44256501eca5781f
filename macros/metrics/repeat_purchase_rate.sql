{% macro repeat_purchase_rate(order_count) -%}
    {{ loyalty.safe_divide(
        'count(case when ' ~ order_count ~ ' >= 2 then 1 end)',
        'count(case when ' ~ order_count ~ ' >= 1 then 1 end)') }}
{%- endmacro %}
