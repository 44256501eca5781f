{% macro points_for_amount(amount, points_per_currency_unit) -%}
    floor(({{ amount }}) * ({{ points_per_currency_unit }}))
{%- endmacro %}
