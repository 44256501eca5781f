{#- Aggregate: mean Customer Effort Score (docs/metrics.md section 7; 1..ces_scale_max,
    higher is easier); null without responses. -#}
{% macro ces_average(score) -%}
    avg(cast({{ score }} as {{ loyalty.type_double() }}))
{%- endmacro %}
