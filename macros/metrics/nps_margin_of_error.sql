{% macro nps_margin_of_error(score, promoter_min=loyalty.setting('nps_promoter_min'), detractor_max=loyalty.setting('nps_detractor_max')) -%}
    {%- set n = 'cast(count(' ~ score ~ ') as ' ~ loyalty.type_double() ~ ')' -%}
    {%- set p = '(count(case when ' ~ score ~ ' >= ' ~ promoter_min ~ ' then 1 end) / ' ~ n ~ ')' -%}
    {%- set d = '(count(case when ' ~ score ~ ' <= ' ~ detractor_max ~ ' then 1 end) / ' ~ n ~ ')' -%}
    case
        when count({{ score }}) >= 2
            then 100.0 * 1.959964 * sqrt(
                greatest({{ p }} + {{ d }} - ({{ p }} - {{ d }}) * ({{ p }} - {{ d }}), 0) / {{ n }}
            )
    end
{%- endmacro %}
