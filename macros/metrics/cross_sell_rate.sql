{% macro cross_sell_rate(category_count, order_count) -%}
    {{ loyalty.safe_divide(
        'count(case when ' ~ category_count ~ ' >= 2 then 1 end)',
        'count(case when ' ~ order_count ~ ' >= 1 then 1 end)') }}
{%- endmacro %}
