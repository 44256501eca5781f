{#- Aggregate: CSAT of docs/metrics.md section 7, 100 x responses with score >=
    csat_satisfied_min / responses (0-100); null without responses. -#}
{% macro csat(score, satisfied_min=var('csat_satisfied_min')) -%}
    {%- if satisfied_min is not number -%}
        {{ exceptions.raise_compiler_error("csat: satisfied_min must be a number, got '" ~ satisfied_min ~ "'") }}
    {%- endif -%}
    100.0 * count(case when {{ score }} >= {{ satisfied_min }} then 1 end) / nullif(count({{ score }}), 0)
{%- endmacro %}
