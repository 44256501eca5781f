{% macro safe_divide(numerator, denominator) -%}
    cast({{ numerator }} as {{ loyalty.type_double() }}) / nullif(cast({{ denominator }} as {{ loyalty.type_double() }}), 0)
{%- endmacro %}
