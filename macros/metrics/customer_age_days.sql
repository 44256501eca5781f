{#- T of the purchase-day summary (docs/metrics.md section 8): whole days
    from a customer's first order day to as_of_date. int_customers_rfm
    writes it, and its pre-hook sets it in place for the customers it does
    not recompute (delete_recomputed_rfm). -#}
{% macro customer_age_days(first_order_date, as_of_date) -%}
    cast({{ loyalty.day_diff(first_order_date, as_of_date) }} as integer)
{%- endmacro %}
