{#- Row-level NPS category of a score: promoter, passive or detractor (null
    for a null score). -#}
{% macro nps_category(score, promoter_min=var('nps_promoter_min'), detractor_max=var('nps_detractor_max')) -%}
    {%- if promoter_min | int <= detractor_max | int -%}
        {{ exceptions.raise_compiler_error("nps_category: promoter_min (" ~ promoter_min ~ ") must be above detractor_max (" ~ detractor_max ~ ")") }}
    {%- endif -%}
    case
        when {{ score }} >= {{ promoter_min }} then 'promoter'
        when {{ score }} <= {{ detractor_max }} then 'detractor'
        when {{ score }} is not null then 'passive'
    end
{%- endmacro %}
