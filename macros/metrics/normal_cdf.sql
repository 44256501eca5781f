{#- Standard normal distribution in plain SQL (exp, abs and arithmetic, so
    it is portable): Hart's double-precision algorithm 5666 as given by West
    (2005), "Better approximations to cumulative normal functions";
    absolute error around 1e-14.
    - normal_tail(x) = Phi(-|x|), the upper tail beyond |x| (no cancellation
      for large |x|; a two-sided p-value is 2 x normal_tail(z)).
    - normal_cdf(x) = Phi(x). -#}
{% macro normal_tail(x) -%}
    {%- set a = 'abs(' ~ x ~ ')' -%}
    case
        when {{ a }} > 37 then 0.0
        when {{ a }} < 7.07106781186547 then
            exp(-0.5 * {{ a }} * {{ a }})
            * ((((((0.0352624965998911 * {{ a }} + 0.700383064443688) * {{ a }} + 6.37396220353165) * {{ a }}
                + 33.912866078383) * {{ a }} + 112.079291497871) * {{ a }} + 221.213596169931) * {{ a }}
                + 220.206867912376)
            / (((((((0.0883883476483184 * {{ a }} + 1.75566716318264) * {{ a }} + 16.064177579207) * {{ a }}
                + 86.7807322029461) * {{ a }} + 296.564248779674) * {{ a }} + 637.333633378831) * {{ a }}
                + 793.826512519948) * {{ a }} + 440.413735824752)
        else
            exp(-0.5 * {{ a }} * {{ a }})
            / ({{ a }} + 1.0 / ({{ a }} + 2.0 / ({{ a }} + 3.0 / ({{ a }} + 4.0 / ({{ a }} + 0.65)))))
            / 2.506628274631
    end
{%- endmacro %}

{% macro normal_cdf(x) -%}
    case
        when ({{ x }}) <= 0 then {{ loyalty.normal_tail(x) }}
        else 1.0 - {{ loyalty.normal_tail(x) }}
    end
{%- endmacro %}
