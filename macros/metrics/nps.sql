{#- Aggregate: Net Promoter Score of metric-spec 7, 100 x (promoters -
    detractors) / responses, from -100 to 100; null without responses. -#}
{% macro nps(score, promoter_min=var('nps_promoter_min'), detractor_max=var('nps_detractor_max')) %}
    {%- if promoter_min | int <= detractor_max | int -%}
        {{ exceptions.raise_compiler_error("nps: nps_promoter_min (" ~ promoter_min ~ ") must be above nps_detractor_max (" ~ detractor_max ~ ")") }}
    {%- endif -%}
    {{ return(adapter.dispatch('nps', 'loyalty')(score, promoter_min, detractor_max)) }}
{% endmacro %}

{% macro default__nps(score, promoter_min, detractor_max) -%}
    100.0 * (
        count(case when {{ score }} >= {{ promoter_min }} then 1 end)
        - count(case when {{ score }} <= {{ detractor_max }} then 1 end)
    ) / nullif(count({{ score }}), 0)
{%- endmacro %}
