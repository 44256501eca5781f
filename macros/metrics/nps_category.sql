{% macro nps_category(score, promoter_min=loyalty.setting('nps_promoter_min'), detractor_max=loyalty.setting('nps_detractor_max')) -%}
    {%- do loyalty.check_nps_thresholds('nps_category', promoter_min, detractor_max) -%}
    case
        when {{ score }} >= {{ promoter_min }} then 'promoter'
        when {{ score }} <= {{ detractor_max }} then 'detractor'
        when {{ score }} is not null then 'passive'
    end
{%- endmacro %}
