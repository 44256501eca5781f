{#- Points a purchase earns (docs/metrics.md section 13): floor(amount x the
    points per currency unit of the buyer's tier on the purchase day), in
    exact decimal arithmetic. A consumer project can call it on its own
    columns: `{{ loyalty.points_for_amount('orders.amount', '1.25') }}`. -#}
{% macro points_for_amount(amount, points_per_currency_unit) -%}
    floor(({{ amount }}) * ({{ points_per_currency_unit }}))
{%- endmacro %}
