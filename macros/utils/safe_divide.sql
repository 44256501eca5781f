{#- numerator / denominator as a float, null (not an error, not 0) when the
    denominator is 0 or null: every rate of docs/metrics.md section 7 onwards. -#}
{% macro safe_divide(numerator, denominator) -%}
    cast({{ numerator }} as {{ loyalty.type_double() }}) / nullif(cast({{ denominator }} as {{ loyalty.type_double() }}), 0)
{%- endmacro %}
