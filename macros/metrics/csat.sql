{#- Aggregate: CSAT of metric-spec 7, 100 x responses with score >=
    csat_satisfied_min / responses (0-100); null without responses. -#}
{% macro csat(score, satisfied_min=var('csat_satisfied_min')) -%}
    100.0 * count(case when {{ score }} >= {{ satisfied_min }} then 1 end) / nullif(count({{ score }}), 0)
{%- endmacro %}
