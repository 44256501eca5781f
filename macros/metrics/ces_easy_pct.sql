{#- Aggregate: 100 x responses with score >= ces_easy_min / responses
    (docs/metrics.md section 7, 0-100); null without responses. -#}
{% macro ces_easy_pct(score, easy_min=var('ces_easy_min')) -%}
    {%- if easy_min is not number -%}
        {{ exceptions.raise_compiler_error("ces_easy_pct: easy_min must be a number, got '" ~ easy_min ~ "'") }}
    {%- endif -%}
    100.0 * count(case when {{ score }} >= {{ easy_min }} then 1 end) / nullif(count({{ score }}), 0)
{%- endmacro %}
